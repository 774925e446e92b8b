// Drives a LangChain JS chat model against the proxy and prints what it got as JSON: structured output first (the test
// scripts its JSON answer where the method asks Gemini for JSON), then invoke, stream, and a tool round trip.
// Usage: node langchain.mjs <openai|google|anthropic> <proxy base URL> <client token>
import { ChatOpenAI } from '@langchain/openai';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { ChatAnthropic } from '@langchain/anthropic';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';

const [provider, baseURL, apiKey] = process.argv.slice(2);
const model = 'gemini-2.5-flash';
// No client retries: the proxy's own retries are what is under test.
const chat = {
  openai: () => new ChatOpenAI({ model, apiKey, maxRetries: 0, configuration: { baseURL: `${baseURL}/v1` } }),
  google: () => new ChatGoogleGenerativeAI({ model, apiKey, maxRetries: 0, baseUrl: baseURL }),
  anthropic: () => new ChatAnthropic({ model, apiKey, maxRetries: 0, anthropicApiUrl: baseURL, maxTokens: 256 }),
}[provider]();
// Anthropic's structured output is a forced tool call (its native JSON output is not offered here); the others ask for JSON.
const method = provider === 'anthropic' ? 'functionCalling' : 'jsonSchema';
const result = {};

const Weather = z.object({ city: z.string(), celsius: z.number() });
result.structured = await chat.withStructuredOutput(Weather, { name: 'weather', method }).invoke('Weather in Paris as JSON');

const invoked = await chat.invoke('hello from langchain');
result.invoke = invoked.content;

result.stream = [];
for await (const chunk of await chat.stream('stream please')) {
  if (typeof chunk.content === 'string' && chunk.content.length > 0) result.stream.push(chunk.content);
}

const getWeather = tool(async ({ city }) => `sunny in ${city}`, {
  name: 'get_weather', description: 'Weather for a city', schema: z.object({ city: z.string() }),
});
const withTools = chat.bindTools([getWeather]);
const messages = [new HumanMessage('Weather in Rome?')];
const call = await withTools.invoke(messages);
result.toolCalls = call.tool_calls.map(c => ({ name: c.name, args: c.args }));
messages.push(call);
for (const c of call.tool_calls) {
  messages.push(new ToolMessage({ content: await getWeather.invoke(c.args), tool_call_id: c.id }));
}
const answer = await withTools.invoke(messages);
result.toolAnswer = typeof answer.content === 'string' ? answer.content : answer.content.filter(b => b.type === 'text').map(b => b.text).join('');

console.log(JSON.stringify(result));
