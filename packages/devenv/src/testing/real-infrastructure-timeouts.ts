// Integration and end-to-end tests talk to a real broker: a consumer group join alone takes
// seconds. Their timeouts are a safety net against hangs, not a speed assertion.
import { jest } from '@jest/globals';

jest.setTimeout(Number(process.env.LIENTHONG_TEST_TIMEOUT_MS ?? 180_000));
