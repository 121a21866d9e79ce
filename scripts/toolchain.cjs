#!/usr/bin/env node
// Bootstraps the pinned toolchain, then runs a command with it, the way `./mvnw` fetches Maven.
//
//   node scripts/toolchain.cjs <command> [args...]
//
// The machines carry an older Node (20, end-of-life). This script must therefore run on any
// Node >= 18 with no dependencies. It:
//   1. uses the running Node when it is the version pinned in `.nvmrc`, else fetches that
//      version from the npm registry (package `node-<platform>-<arch>`) into `.tools/`;
//   2. fetches the pnpm pinned in package.json's `packageManager` the same way;
//   3. runs `pnpm install` when the lockfile or a manifest changed (frozen on CI);
//   4. runs the command with the pinned Node and pnpm first on PATH, in its own process group,
//      forwarding signals so that Ctrl-C reaches the command and this process waits for it.
'use strict';

const { spawnSync, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsDir = path.join(root, '.tools');

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}

/** Installs `spec` from the npm registry into `dir` unless `probe` already exists there. */
function npmInstallInto(dir, spec, probe) {
  if (fs.existsSync(path.join(dir, probe))) return;
  log(`fetching ${spec} from the npm registry into ${path.relative(root, dir)}`);
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    fail(`could not install ${spec} (npm exited ${result.status}); is the npm registry reachable?`);
  }
  if (!fs.existsSync(path.join(staging, probe))) fail(`${spec} installed but ${probe} is missing`);
  // Rename last, so an interrupted download never looks complete.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
}

function ensureNode() {
  const pinned = fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
  if (process.versions.node === pinned) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = path.join(toolsDir, `node-${pinned}`);
  const binary = path.join('node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  npmInstallInto(dir, `${pkg}@${pinned}`, binary);
  return path.join(dir, binary);
}

function ensurePnpm() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(manifest.packageManager || '');
  if (!match) fail('package.json must pin pnpm as "packageManager": "pnpm@x.y.z"');
  const version = match[1];
  const dir = path.join(toolsDir, `pnpm-${version}`);
  const entry = path.join('node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  npmInstallInto(dir, `pnpm@${version}`, entry);
  return path.join(dir, entry);
}

/** Writes `.tools/bin/{node,pnpm}` so every child process, lifecycle scripts included, uses them. */
function writeShims(nodePath, pnpmEntry) {
  const bin = path.join(toolsDir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const write = (name, body) => {
    const file = path.join(bin, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== body) {
      fs.writeFileSync(file, body, { mode: 0o755 });
    }
  };
  write('node', `#!/bin/sh\nexec "${nodePath}" "$@"\n`);
  write('pnpm', `#!/bin/sh\nexec "${nodePath}" "${pnpmEntry}" "$@"\n`);
  return bin;
}

/** A hash of everything that decides what `pnpm install` does. */
function installInputsHash() {
  const hash = createHash('sha256');
  const files = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', '.nvmrc'];
  for (const group of ['packages', 'services']) {
    const groupDir = path.join(root, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const name of fs.readdirSync(groupDir).sort()) {
      files.push(path.join(group, name, 'package.json'));
    }
  }
  files.push(path.join('tests', 'package.json'));
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(file);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : '');
  }
  return hash.digest('hex');
}

function ensureDependencies(env, pnpmShim) {
  const stamp = path.join(root, 'node_modules', '.lienthong-install-stamp');
  const wanted = installInputsHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  log('installing dependencies with pnpm');
  // CI installs exactly the lockfile; a developer who edited a manifest gets it updated.
  const args = ['install', '--prefer-offline', process.env.CI ? '--frozen-lockfile' : '--no-frozen-lockfile'];
  const result = spawnSync(pnpmShim, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`pnpm install failed (exit ${result.status})`);
  fs.writeFileSync(stamp, wanted);
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) fail('usage: node scripts/toolchain.cjs <command> [args...]');
  const nodePath = ensureNode();
  const pnpmEntry = ensurePnpm();
  const bin = writeShims(nodePath, pnpmEntry);
  const env = {
    ...process.env,
    PATH: [bin, path.dirname(nodePath), process.env.PATH].join(path.delimiter),
    // kafkajs 2.2.4 arms a timer with a negative delay, which Node 24 corrects to 1 ms and
    // warns about on every connection (kafkajs issue #1751); the behaviour is the intended one.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning']
      .filter(Boolean)
      .join(' '),
    // npm, when it started us, points these at itself; pnpm must not inherit them.
    npm_config_user_agent: undefined,
    npm_execpath: undefined,
    npm_node_execpath: undefined,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  ensureDependencies(env, path.join(bin, 'pnpm'));

  const resolved = command === 'node' || command === 'pnpm' ? path.join(bin, command) : command;
  // The command runs in its own process group, so a Ctrl-C in the terminal reaches only us,
  // and we hand it to the command alone: it then stops what it started in the right order
  // (services first, brokers last) instead of everything receiving SIGINT at once.
  const child = spawn(resolved, args, { cwd: root, env, stdio: 'inherit', detached: true });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1);
  });
  child.on('error', (error) => fail(`could not run ${command}: ${error.message}`));
}

main();
