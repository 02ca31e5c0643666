import type { DemoInfo } from '../../../../shared/ipc/channels/app';
import type { DemoSite } from '../../demo/demo-site';
import { startDemoSite } from '../../demo/demo-site';
import { RecoveryError } from '../../errors';
import type { PartialHandlerTable } from '../dispatch';
import type { AppServices } from '../services';
import { CAPABILITIES } from '../capabilities';

const DEMO_KEY = 'demo';

function runningDemo(services: AppServices): DemoSite | undefined {
  return services.state.get(DEMO_KEY) as DemoSite | undefined;
}

function describeDemo(demo: DemoSite): DemoInfo {
  return {
    url: demo.url,
    host: demo.host,
    port: demo.port,
    user: demo.user,
    webRoot: demo.webRoot,
    wporgUrl: demo.wporgUrl,
    siteId: 'demo',
    files: demo.files,
    realWordPress: demo.realWordPress,
  };
}

/** App-wide channels: info, the embedded demo, and jobs. */
export const appHandlers: PartialHandlerTable<
  'app:info' | 'demo:start' | 'demo:stop' | 'job:cancel' | 'job:get' | 'job:list'
> = {
  'app:info': async (_req, { services }) => ({
    version: services.version,
    osLocale: services.osLocale,
    shell: services.shell,
    capabilities: { ...CAPABILITIES },
  }),
  'demo:start': async (_req, { services }) => {
    const existing = runningDemo(services);
    if (existing) return describeDemo(existing);
    const demo = await startDemoSite({ dataDir: services.dataDir });
    services.state.set(DEMO_KEY, demo);
    services.onClose(() => demo.close());
    return describeDemo(demo);
  },
  'demo:stop': async (_req, { services }) => {
    const demo = runningDemo(services);
    if (!demo) return { stopped: false };
    services.state.delete(DEMO_KEY);
    await demo.close();
    return { stopped: true };
  },
  'job:cancel': async ({ jobId }, { services }) => ({ accepted: services.jobs.cancel(jobId) }),
  'job:get': async ({ jobId }, { services }) => {
    const snapshot = services.jobs.get(jobId);
    if (!snapshot) throw new RecoveryError('invalid-request', 'No such job.');
    return snapshot;
  },
  'job:list': async (_req, { services }) => ({ jobs: services.jobs.list() }),
};
