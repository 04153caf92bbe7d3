import type { Command } from '@airlock/cli-kit';
import { deviceLicenseLine } from './license-list.ts';

/** One device license with its users, activations and usage (`--json` for everything). */
export const licenseShow: Command = {
  name: 'license show',
  summary: 'Show one device license with its activations (--json for its users, settings and usage)',
  usage: '<licenseId>',
  options: {},
  positionals: ['licenseId'],
  async run(context) {
    const [licenseId = ''] = context.positionals;
    const license = await context.api().authority.get('/v1/device-licenses/{licenseId}', { path: { licenseId } });
    const activations = license.activations.map((activation) => `    activation ${activation.id} ${activation.status}, device ${activation.fingerprint}`);
    return { result: license, text: [deviceLicenseLine(license).trimStart(), ...activations].join('\n') };
  },
};
