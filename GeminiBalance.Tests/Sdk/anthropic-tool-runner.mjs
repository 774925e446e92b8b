// Drives the Anthropic TypeScript SDK's beta tool runner against the proxy: it runs on a message thread by default, which
// the proxy refuses with Anthropic's thread_unsupported_request, so the runner must go on without one and call the tool.
// Usage: node anthropic-tool-runner.mjs <proxy base URL> <client token>
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';

const [baseURL, apiKey] = process.argv.slice(2);
// Which requests carried `thread`, to show that the runner tried one and fell back.
const threaded = [];
const client = new Anthropic({
  apiKey, baseURL, maxRetries: 0, logLevel: 'off',
  fetch: (url, init) => {
    threaded.push(typeof init?.body === 'string' && 'thread' in JSON.parse(init.body));
    return fetch(url, init);
  },
});
const calls = [];

const getWeather = betaTool({
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  run: async ({ city }) => {
    calls.push(city);
    return `sunny in ${city}`;
  },
});

const runner = client.beta.messages.toolRunner({
  model: 'gemini-2.5-flash',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Weather in Paris?' }],
  tools: [getWeather],
  max_iterations: 3,
});
const final = await runner;
console.log(JSON.stringify({ threaded, calls, stop_reason: final.stop_reason, text: final.content.filter(b => b.type === 'text').map(b => b.text).join('') }));
