// Uploads a file through the proxy's Gemini Files API with @google/genai, then uses it from the Anthropic TypeScript SDK
// as a document and an image whose `file` source names it (the Files API beta's block shape), plain and streamed.
// Usage: node anthropic-sdk-file.mjs <proxy base URL> <client token> <path of a PDF> <path of a PNG>
import { GoogleGenAI } from '@google/genai';
import Anthropic from '@anthropic-ai/sdk';

const [baseURL, apiKey, pdf, png] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl: baseURL, apiVersion: 'v1beta' } });
const client = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
const model = 'gemini-2.5-flash';

const document = await ai.files.upload({ file: pdf, config: { mimeType: 'application/pdf' } });
const image = await ai.files.upload({ file: png, config: { mimeType: 'image/png' } });
const content = [
  { type: 'document', source: { type: 'file', file_id: document.name } },
  { type: 'image', source: { type: 'file', file_id: image.name } },
  { type: 'text', text: 'compare the two files' },
];
const betas = ['files-api-2025-04-14'];

const plain = await client.beta.messages.create({ model, max_tokens: 64, betas, messages: [{ role: 'user', content }] });
const streamed = await client.beta.messages.stream({ model, max_tokens: 64, betas, messages: [{ role: 'user', content }] }).finalMessage();
console.log(JSON.stringify({
  files: [document.name, image.name],
  plain: plain.content.map(b => b.text).join(''),
  streamed: streamed.content.map(b => b.text).join(''),
}));
