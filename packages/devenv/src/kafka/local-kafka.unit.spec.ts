import { describe, expect, it } from '@jest/globals';
import { newClusterId, renderLog4j2Yaml, renderServerProperties } from './local-kafka.ts';

function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return new Map(entries);
}

describe('renderServerProperties', () => {
  const properties = parseProperties(
    renderServerProperties({ port: 40123, controllerPort: 40124, logDir: '/x/data' }),
  );

  it('makes one KRaft node, broker and controller, on loopback', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('controller.quorum.voters')).toBe('1@127.0.0.1:40124');
    expect(properties.get('listeners')).toBe('PLAINTEXT://127.0.0.1:40123,CONTROLLER://127.0.0.1:40124');
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:40123');
    expect(properties.get('log.dirs')).toBe('/x/data');
  });

  it('fits internal topics to one broker and never auto-creates topics', () => {
    expect(properties.get('offsets.topic.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.min.isr')).toBe('1');
    expect(properties.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(properties.get('auto.create.topics.enable')).toBe('false');
  });

  it('escapes backslashes in paths', () => {
    const text = renderServerProperties({ port: 1, controllerPort: 2, logDir: 'C:\\kafka\\data' });
    expect(parseProperties(text).get('log.dirs')).toBe('C:\\\\kafka\\\\data');
  });
});

describe('renderLog4j2Yaml', () => {
  it('logs into the given file, quoting its path', () => {
    const yaml = renderLog4j2Yaml('/tmp/a "b"/kafka.log');
    expect(yaml).toContain('fileName: "/tmp/a \\"b\\"/kafka.log"');
    expect(yaml).toMatch(/Root:\n\s+level: info/);
    expect(yaml).toContain('- name: "kafka.request.logger"\n        level: warn');
  });
});

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters that never look like a command-line flag', () => {
    for (let i = 0; i < 2000; i += 1) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });
});
