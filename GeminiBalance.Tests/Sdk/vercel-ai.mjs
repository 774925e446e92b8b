// Drives the Vercel AI SDK (`ai` with a provider package) against the proxy and prints what it got as JSON: a structured
// object first (the test scripts the JSON answer where the provider asks Gemini for JSON), then text, a text stream, and a
// two-step tool round trip.
// Usage: node vercel-ai.mjs <openai|google|anthropic> <proxy base URL> <client token>
import { generateObject, generateText, streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createAnthropic } from '@ai-sdk/anthropic';
import { z } from 'zod';

const [provider, baseURL, apiKey] = process.argv.slice(2);
// The OpenAI provider speaks the Responses API by default, the others their native APIs.
const model = {
  openai: () => createOpenAI({ apiKey, baseURL: `${baseURL}/v1` })('gemini-2.5-flash'),
  google: () => createGoogleGenerativeAI({ apiKey, baseURL: `${baseURL}/v1beta` })('gemini-2.5-flash'),
  anthropic: () => createAnthropic({ apiKey, baseURL: `${baseURL}/v1` })('gemini-2.5-flash'),
}[provider]();
// No SDK retries: the proxy's own retries are what is under test.
const common = { model, maxRetries: 0 };
const result = {};

const { object } = await generateObject({ ...common, schema: z.object({ city: z.string(), celsius: z.number() }), prompt: 'Weather in Paris as JSON' });
result.object = object;

result.text = (await generateText({ ...common, prompt: 'hello from the ai sdk' })).text;

result.stream = [];
for await (const delta of streamText({ ...common, prompt: 'stream please' }).textStream) result.stream.push(delta);

const calls = [];
const run = await generateText({
  ...common,
  prompt: 'Weather in Rome?',
  tools: {
    get_weather: tool({
      description: 'Weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => { calls.push(city); return `sunny in ${city}`; },
    }),
  },
  stopWhen: stepCountIs(3),
});
result.toolRun = { calls, steps: run.steps.length, text: run.text };

console.log(JSON.stringify(result));
