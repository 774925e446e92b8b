// Drives the official Google Gen AI SDK's Files API (@google/genai) against the proxy and prints what it got as JSON.
// Usage: node genai-files.mjs <proxy base URL> <client token> <path of the file to upload> <mime type>
import { GoogleGenAI, createPartFromUri } from '@google/genai';

const [baseUrl, apiKey, path, mimeType] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl, apiVersion: 'v1beta' } });
const result = {};

// The SDK sends files larger than 8 MiB in several chunks to the session URL the start answered with.
const uploaded = await ai.files.upload({ file: path, config: { mimeType, displayName: 'uploaded by the sdk' } });
result.uploaded = uploaded;

// Use the file several times in a row, plain and streamed: each call must reach the key that owns it.
const contents = [{ role: 'user', parts: [createPartFromUri(uploaded.uri, uploaded.mimeType), { text: 'Describe this file.' }] }];
result.generated = [];
for (let i = 0; i < 3; i++) {
  const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
  result.generated.push(answer.text);
}
let streamed = '';
for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents })) {
  streamed += chunk.text ?? '';
}
result.generated.push(streamed);

result.listed = [];
for await (const file of await ai.files.list({ config: { pageSize: 10 } })) {
  result.listed.push(file.name);
}

result.got = await ai.files.get({ name: uploaded.name });
await ai.files.delete({ name: uploaded.name });

result.listedAfterDelete = [];
for await (const file of await ai.files.list()) {
  result.listedAfterDelete.push(file.name);
}

try {
  await ai.files.get({ name: uploaded.name });
  result.getAfterDelete = 'found';
} catch (error) {
  result.getAfterDelete = error.status ?? String(error);
}

console.log(JSON.stringify(result));
