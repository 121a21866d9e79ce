import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { composeKafkaImageTags, KAFKA_VERSION, pomKafkaVersion } from './version.ts';

// Reads two files of this repository (no network, no processes): the versions must not drift.
describe('KAFKA_VERSION', () => {
  it('is the version infra/kafka/pom.xml fetches for the local broker', () => {
    const pom = readFileSync(path.join(repoRoot(), 'infra', 'kafka', 'pom.xml'), 'utf8');
    expect(pomKafkaVersion(pom)).toBe(KAFKA_VERSION);
  });

  it('is the apache/kafka image tag docker-compose.yml runs', () => {
    const compose = readFileSync(path.join(repoRoot(), 'docker-compose.yml'), 'utf8');
    const tags = composeKafkaImageTags(compose);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toBe(KAFKA_VERSION);
  });

  it('parses the pom property and image tags', () => {
    expect(pomKafkaVersion('<properties><kafka.version> 9.1.0 </kafka.version></properties>')).toBe('9.1.0');
    expect(pomKafkaVersion('<project/>')).toBeUndefined();
    expect(
      composeKafkaImageTags("  kafka:\n    image: 'apache/kafka:9.1.0'\n  db:\n    image: postgres:17"),
    ).toEqual(['9.1.0']);
  });
});
