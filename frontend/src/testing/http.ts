import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { sleep } from './fakes';

type Match = string | { method?: string; url?: string };

/**
 * The one request matching, once the code under test has made it: for requests made a few async steps
 * later, such as a route guard's. Fails as expectOne does when none comes within the time.
 */
export async function nextRequest(
  backend: HttpTestingController,
  match: Match,
  timeoutMs = 2_000,
): Promise<TestRequest> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = backend.match(match);
    if (found.length > 1) throw new Error(`expected one request, got ${found.length}`);
    if (found[0]) return found[0];
    await sleep(1);
  }
  return backend.expectOne(match);
}
