// Runs an agent CLI from node_modules/.bin non-interactively, as a user would from a shell, and prints what happened as
// JSON ({ status, stdout, stderr }). Each run gets a fresh HOME and working directory under the caller's empty `root`
// (which the caller removes), so no user configuration, login or cache takes part; the vendors' variables from the
// calling environment are left out.
// Usage: node agent-cli.mjs <spec JSON>
//   spec = { root, bin, args, env, home: { relative path: file text }, cwd: { relative path: file text }, timeoutMs }
//   where {HOME} and {CWD} in args, env and file texts stand for the two directories.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const spec = JSON.parse(process.argv[2]);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const home = join(spec.root, 'home');
const cwd = join(spec.root, 'work');

function writeTree(base, files) {
  for (const [path, text] of Object.entries(files ?? {})) {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.replaceAll('{HOME}', home).replaceAll('{CWD}', cwd));
  }
}

mkdirSync(home, { recursive: true });
mkdirSync(cwd, { recursive: true });
writeTree(home, spec.home);
writeTree(cwd, spec.cwd);

const vendorVariable = /^(ANTHROPIC_|CLAUDE_|OPENAI_|CODEX_|GEMINI_|GOOGLE_)/;
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !vendorVariable.test(name)));
for (const [name, value] of Object.entries(spec.env ?? {})) {
  env[name] = value.replaceAll('{HOME}', home).replaceAll('{CWD}', cwd);
}
env.HOME = home;

const args = spec.args.map(arg => arg.replaceAll('{HOME}', home).replaceAll('{CWD}', cwd));
// A hang is killed and reported, so the test fails with what the CLI printed rather than stalling the suite.
const run = spawnSync(join(repo, 'node_modules', '.bin', spec.bin), args, {
  cwd, env, input: '', encoding: 'utf8', timeout: spec.timeoutMs ?? 60000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024,
});
console.log(JSON.stringify({
  status: run.status, signal: run.signal, error: run.error?.message ?? null, stdout: run.stdout ?? '', stderr: run.stderr ?? '',
}));
