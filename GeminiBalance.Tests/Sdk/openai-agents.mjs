// Drives the OpenAI Agents SDK (@openai/agents) against the proxy through a tool round trip and prints what it got as
// JSON: the agent calls a function tool (the emulated upstream asks for it once), the SDK runs it and sends the result
// back, and the model's final answer ends the run; then the same agent streamed.
// Usage: node openai-agents.mjs <responses|chat_completions> <proxy base URL> <client token>
import { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';

const [api, baseURL, apiKey] = process.argv.slice(2);
// No tracing export (it would call api.openai.com) and no SDK retries: the proxy's own retries are what is under test.
setTracingDisabled(true);
setDefaultOpenAIClient(new OpenAI({ apiKey, baseURL: `${baseURL}/v1`, maxRetries: 0 }));
setOpenAIAPI(api);

const calls = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => { calls.push(city); return `sunny in ${city}`; },
});
const agent = new Agent({ name: 'Weather agent', instructions: 'Answer with the weather tool.', model: 'gemini-2.5-flash', tools: [getWeather] });

const result = {};
const done = await run(agent, 'Weather in Rome?');
result.toolRun = { calls: [...calls], final: done.finalOutput, items: done.newItems.map(item => item.type) };

calls.length = 0;
const streamed = await run(agent, 'Weather in Rome?', { stream: true });
const text = [];
for await (const delta of streamed.toTextStream()) text.push(delta);
await streamed.completed;
result.streamed = { calls: [...calls], text: text.join(''), final: streamed.finalOutput };

console.log(JSON.stringify(result));
