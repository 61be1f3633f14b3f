import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('logs never contain credentials', () => {
  it('redacts authorization, cookies, set-cookie, tokens and passwords', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer device-secret', cookie: 'vt_session=session-secret' } },
        res: { headers: { 'set-cookie': 'vt_session=new-session-secret; HttpOnly' } },
        body: { token: 'issued-token-secret', password: 'operator-password-secret' },
      },
      'request',
    );
    const text = lines.join('');
    expect(text).toContain('[redacted]');
    for (const secret of [
      'device-secret',
      'session-secret',
      'issued-token-secret',
      'operator-password-secret',
    ])
      expect(text).not.toContain(secret);
  });
});
