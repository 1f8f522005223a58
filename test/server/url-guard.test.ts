import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutgoingUrl, classifyAddress, UrlRefusedError, type Resolver } from '../../server/http/url-guard.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { Client, publishTestFlow, uniqueKey } from './workflows/workflow-test-support.js';

describe('address classifier', () => {
  const cases: [string, string][] = [
    ['8.8.8.8', 'public'], ['1.1.1.1', 'public'], ['223.5.5.5', 'public'], ['100.63.255.255', 'public'], ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'], ['172.32.0.0', 'public'], ['11.0.0.1', 'public'], ['192.169.0.1', 'public'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'], ['100.64.0.1', 'private'], ['100.127.255.255', 'private'],
    ['169.254.0.1', 'link-local'], ['169.254.169.254', 'metadata'], ['169.254.170.2', 'metadata'], ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['255.255.255.255', 'reserved'], ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'], ['198.18.0.1', 'reserved'],
    ['::', 'unspecified'], ['::1', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
    ['2606:4700:4700::1111', 'public'], ['2400:3200::1', 'public'],
    ['fc00::1', 'private'], ['fd12:3456:789a::1', 'private'], ['fec0::1', 'private'],
    ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'], ['2001:db8::1', 'reserved'], ['2001::1', 'reserved'], ['100::1', 'reserved'],
    ['fd00:ec2::254', 'metadata'],
    // IPv4 hidden in IPv6
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.1.2.3', 'private'], ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'], ['::127.0.0.1', 'loopback'], ['64:ff9b::192.168.0.1', 'private'], ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'], ['2002:7f00:1::', 'loopback'], ['2002:a9fe:a9fe::1', 'metadata'], ['2002:0808:0808::1', 'public'],
    ['[::1]', 'loopback'],
    // not addresses
    ['localhost', 'reserved'], ['1.2.3', 'reserved'], ['256.1.1.1', 'reserved'], ['1:2:3', 'reserved'], ['1::2::3', 'reserved'],
  ];
  it.each(cases)('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });
});

describe('outgoing URL check', () => {
  const dns = (map: Record<string, string[]>): Resolver => async (host) => (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const none = { allowHosts: [] };

  it('checks every address a name resolves to, IPv4 and IPv6', async () => {
    const resolve = dns({ 'erp.example.com': ['93.184.216.34', '2606:2800:220:1::1'], 'mixed.example.com': ['93.184.216.34', '10.0.0.5'], 'v6.example.com': ['2606:2800:220:1::1', '::ffff:127.0.0.1'] });
    await expect(checkOutgoingUrl('https://erp.example.com/hook', none, resolve)).resolves.toMatchObject({ address: '93.184.216.34', family: 4, allowListed: false });
    await expect(checkOutgoingUrl('https://mixed.example.com/hook', none, resolve)).rejects.toThrow(/10\.0\.0\.5 \(private\)/);
    await expect(checkOutgoingUrl('https://v6.example.com/hook', none, resolve)).rejects.toBeInstanceOf(UrlRefusedError);
  });

  it('refuses literal private addresses in every spelling the URL parser accepts, and other schemes', async () => {
    for (const url of ['http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::1]:8080/', 'http://[::ffff:169.254.169.254]/', 'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0/']) {
      await expect(checkOutgoingUrl(url, none, dns({})), url).rejects.toBeInstanceOf(UrlRefusedError);
    }
    await expect(checkOutgoingUrl('ftp://93.184.216.34/', none, dns({}))).rejects.toThrow(/scheme/);
    await expect(checkOutgoingUrl('file:///etc/passwd', none, dns({}))).rejects.toBeInstanceOf(UrlRefusedError);
  });

  it('lets an allow-listed host through (by name, or name and port), pinned to what it resolved to', async () => {
    const resolve = dns({ 'erp.internal': ['10.1.2.3'] });
    await expect(checkOutgoingUrl('http://erp.internal/hook', { allowHosts: ['erp.internal'] }, resolve)).resolves.toMatchObject({ address: '10.1.2.3', allowListed: true });
    await expect(checkOutgoingUrl('http://erp.internal:8443/hook', { allowHosts: ['erp.internal:8443'] }, resolve)).resolves.toMatchObject({ allowListed: true });
    await expect(checkOutgoingUrl('http://erp.internal:9000/hook', { allowHosts: ['erp.internal:8443'] }, resolve)).rejects.toBeInstanceOf(UrlRefusedError);
  });

  it('treats a name that does not resolve as a transient failure, not a refusal', async () => {
    const err = await checkOutgoingUrl('https://gone.example.com/', none, dns({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UrlRefusedError);
  });
});

describe('service nodes behind the guard', () => {
  let t: TestApp;
  let hook: Server;
  let hits = 0;
  beforeAll(async () => {
    hook = createServer((_req, res) => { hits++; res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    // This app allows no host: the loopback receiver must never be called (the address is refused before any secret is looked up).
    t = await createTestApp({ webhookAllowHosts: [] }, { workflows: { workers: true, pollingIntervalSeconds: 0.5 } });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => hook?.close(resolve));
  });

  it('a URL on a loopback address becomes an FLW_ERR_URL_REFUSED incident at once, without retries and without a call', async () => {
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/erp`;
    const key = `guard-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'beta-tools', {
      key, name: { zh: '推送', en: 'Push' }, variables: [],
      nodes: [
        { id: 'start', type: 'start', params: {} },
        { id: 'erp', type: 'service', params: { url, secretRef: 'erp', retry: { maxAttempts: 5, backoffSeconds: 1 } } },
        { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
      ],
      edges: [{ id: 'e1', from: 'start', to: 'erp' }, { id: 'e2', from: 'erp', to: 'ok' }],
    });
    const admin = await Client.login(t.app, 'beta-tools', 'admin');
    const id = (await admin.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('guard') })).json().id as string;
    const until = Date.now() + 20_000;
    let incident: { code: string; message: string } | undefined;
    while (!incident && Date.now() < until) {
      incident = ((await admin.get('/api/admin/incidents')).json() as { instanceId: string; code: string; message: string }[]).find((i) => i.instanceId === id);
      if (!incident) await new Promise((r) => setTimeout(r, 200));
    }
    expect(incident).toMatchObject({ code: 'FLW_ERR_URL_REFUSED' });
    expect(incident!.message).toContain('loopback');
    const failed = ((await admin.get(`/api/instances/${id}/timeline`)).json() as { type: string; data: { willRetry: boolean } }[]).filter((e) => e.type === 'serviceFailed');
    expect(failed.map((e) => e.data.willRetry)).toEqual([false]);
    expect(hits).toBe(0);
  });
});
