import { describe, expect, it } from 'vitest';

import { parseTarget } from '../../../../electron/cli/commands/snapshot';
import { RecoveryError } from '../../../../electron/engine/errors';
import { classifyTransferError } from '../../../../electron/engine/snapshot/classify-error';

describe('classifyTransferError', () => {
  it.each([
    [new RecoveryError('too-many-connections', '421'), 'busy'],
    [new RecoveryError('connection-lost', 'drop', { retryable: true }), 'retry'],
    [new RecoveryError('timeout', 't', { retryable: true }), 'retry'],
    [new RecoveryError('auth-failed', 'no'), 'fatal'],
    [new RecoveryError('host-key-changed', 'no'), 'fatal'],
    [new RecoveryError('remote-permission', '550'), 'permission'],
    [new RecoveryError('remote-not-found', '550'), 'vanished'],
    [new RecoveryError('cancelled', 'c'), 'abort'],
    [Object.assign(new Error('421 Too many'), { code: 421 }), 'busy'],
    [Object.assign(new Error('425 Unable to build data connection'), { code: 425 }), 'retry'],
    [Object.assign(new Error('550 No such file or directory'), { code: 550 }), 'vanished'],
    [Object.assign(new Error('550 Permission denied'), { code: 550 }), 'permission'],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'retry'],
    [Object.assign(new Error('disk'), { code: 'ENOSPC' }), 'fatal'],
    [new DOMException('x', 'AbortError'), 'abort'],
  ])('%s → %s', (err, cls) => {
    expect(classifyTransferError(err)).toBe(cls);
  });
});

describe('snapshot CLI address', () => {
  it('parses protocol, user, host, port and path', () => {
    expect(parseTarget('sftp://owner@example.jp:10022/home/owner/example.jp/public_html')).toEqual({
      protocol: 'sftp',
      host: 'example.jp',
      port: 10022,
      user: 'owner',
      path: '/home/owner/example.jp/public_html',
    });
    expect(parseTarget('ftp://a%40b@127.0.0.1/%E5%85%AC%E9%96%8B')).toMatchObject({ protocol: 'ftp', port: 21, user: 'a@b', path: '/公開' });
    expect(parseTarget('ftps-implicit://u@h/')).toMatchObject({ protocol: 'ftps-implicit', port: 990 });
  });
  it.each(['http://u@h/', 'sftp://h/x', 'sftp://u:secret@h/x', 'not a url'])('rejects %j', (url) => {
    expect(() => parseTarget(url)).toThrowError(expect.objectContaining({ code: 'invalid-request' }));
  });
});
