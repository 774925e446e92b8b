// Uses an uploaded file the way the official Google Gen AI SDK (@google/genai) does, several times in a row, and prints
// what came back as JSON. Usage: node genai-sdk-file-use.mjs <proxy base URL> <client token> <file uri> <mime type> <times>
import { GoogleGenAI, createPartFromUri, createUserContent } from '@google/genai';

const [baseUrl, apiKey, uri, mimeType, times] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });
const contents = createUserContent([createPartFromUri(uri, mimeType), 'describe the file']);
const result = { generate: [], stream: [], countTokens: [] };

for (let i = 0; i < Number(times); i++) {
  result.generate.push((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents })).text);
  let streamed = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents })) {
    streamed += chunk.text ?? '';
  }
  result.stream.push(streamed);
  result.countTokens.push((await ai.models.countTokens({ model: 'gemini-2.5-flash', contents })).totalTokens);
}

console.log(JSON.stringify(result));
