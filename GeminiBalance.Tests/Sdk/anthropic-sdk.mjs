// Drives the official Anthropic TypeScript SDK (@anthropic-ai/sdk) against the proxy and prints what it got as JSON.
// The test scripts the emulated Gemini's answers in this order: a tool call, the answer to its result, a thinking stream.
// Usage: node anthropic-sdk.mjs <proxy base URL> <client token>
import Anthropic from '@anthropic-ai/sdk';

const [baseURL, apiKey] = process.argv.slice(2);
// No SDK retries: the proxy's own retries are what is under test.
const client = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
const model = 'gemini-2.5-flash';
const result = {};

const tools = [{
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'] },
}];
const messages = [{ role: 'user', content: 'Weather in Paris?' }];
const call = await client.messages.create({ model, max_tokens: 256, tools, tool_choice: { type: 'any' }, messages });
result.toolCall = { stop_reason: call.stop_reason, content: call.content };
const toolUse = call.content.find(block => block.type === 'tool_use');
messages.push({ role: 'assistant', content: call.content });
messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny, 21 C' }] });
const answer = await client.messages.create({ model, max_tokens: 256, tools, messages });
result.toolAnswer = answer.content.filter(block => block.type === 'text').map(block => block.text).join('');

// The stream helper assembles the events into a message, and throws if their sequence is not Anthropic's.
const thinking = client.messages.stream({
  model, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Think first.' }],
});
result.thinkingEvents = [];
thinking.on('streamEvent', event => result.thinkingEvents.push(event.type));
const thought = await thinking.finalMessage();
result.thinking = { content: thought.content, stop_reason: thought.stop_reason, usage: thought.usage };

const plain = await client.messages.create({ model, max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'hello from the sdk' }] });
result.plain = { id: plain.id, model: plain.model, text: plain.content[0].text, stop_reason: plain.stop_reason, usage: plain.usage };

const streamed = client.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'stream please' }] });
result.textDeltas = [];
streamed.on('text', text => result.textDeltas.push(text));
const final = await streamed.finalMessage();
result.streamed = { text: final.content.map(block => block.text).join(''), stop_reason: final.stop_reason, output_tokens: final.usage.output_tokens };

result.countTokens = (await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'one two three' }] })).input_tokens;

try {
  await new Anthropic({ apiKey: 'not-a-client-token', baseURL, maxRetries: 0 }).messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
  result.wrongToken = 'accepted';
} catch (error) {
  result.wrongToken = { status: error.status, type: error.error?.error?.type };
}

console.log(JSON.stringify(result));
