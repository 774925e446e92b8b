// Drives the official Google Gen AI SDK (@google/genai) against the proxy and prints what it got as JSON.
// Usage: node genai-sdk.mjs <proxy base URL> <client token> <api version>
import { GoogleGenAI } from '@google/genai';

const [baseUrl, apiKey, apiVersion] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl, apiVersion } });
const result = {};

const generated = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello from the sdk' });
result.generate = generated.text;

result.stream = [];
for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'stream please' })) {
  result.stream.push(chunk.text);
}

result.countTokens = (await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'one two three' })).totalTokens;

const embedded = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'embed me' });
result.embeddingLength = embedded.embeddings?.[0]?.values?.length ?? 0;

// A small page size makes the SDK follow nextPageToken through the proxy.
result.models = [];
for await (const model of await ai.models.list({ config: { pageSize: 2 } })) {
  result.models.push(model.name);
}

try {
  const stranger = new GoogleGenAI({ apiKey: 'not-a-client-token', httpOptions: { baseUrl, apiVersion } });
  await stranger.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
  result.wrongToken = 'accepted';
} catch (error) {
  result.wrongToken = error.status ?? String(error);
}

console.log(JSON.stringify(result));
