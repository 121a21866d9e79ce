/**
 * The Apache Kafka broker version, one source for TypeScript. infra/kafka/pom.xml
 * (`<kafka.version>`) and docker-compose.yml (`apache/kafka:<version>`) must say the same;
 * version.unit.spec.ts checks both.
 */
export const KAFKA_VERSION = '4.4.0';

/** The `<kafka.version>` property of a POM, if present. */
export function pomKafkaVersion(pomXml: string): string | undefined {
  return /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pomXml)?.[1];
}

/** Every tag of an `apache/kafka` image named in a compose file. */
export function composeKafkaImageTags(composeYaml: string): string[] {
  return [...composeYaml.matchAll(/image:\s*['"]?apache\/kafka:([\w.-]+)/g)].map((match) => match[1] ?? '');
}
