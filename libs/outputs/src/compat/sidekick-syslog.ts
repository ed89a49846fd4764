import type { SidekickOutputMapping } from './sidekick-outputs.js';
import { keyName } from './sidekick-settings.js';

/**
 * Falcosidekick's `syslog` output (outputs/syslog.go): Go's log/syslog with tag `Falco`, a BSD
 * header, a line feed after every message (TCP too) and facility 0 (`kern`: only a severity was
 * given). The import keeps all of that so the receivers already set up for it parse the same;
 * Aerie's own default is RFC 5424 with octet counting.
 */
export const syslogSidekickMapping: SidekickOutputMapping = {
  type: 'syslog',
  section: 'syslog',
  enabledBy: 'host',
  unsupported: [],
  config: (s, warnings) => {
    const config: Record<string, unknown> = {
      host: s.text(['syslog', 'host']),
      header: 'rfc3164',
      framing: 'lf',
      appName: 'Falco',
      facility: 'kern',
    };
    const portPath = ['syslog', 'port'];
    const port = s.text(portPath);
    if (port !== undefined) {
      if (/^[0-9]{1,5}$/.test(port)) config['port'] = Number(port);
      else warnings.push(`${keyName(portPath)} is not a port number; left out (514 applies)`);
    }
    const protocolPath = ['syslog', 'protocol'];
    const protocol = s.text(protocolPath)?.toLowerCase();
    if (protocol === 'tcp' || protocol === 'udp') config['protocol'] = protocol;
    else {
      // Falcosidekick accepts only tcp and udp; without one it does not start the output.
      config['protocol'] = 'tcp';
      warnings.push(
        `${keyName(protocolPath)} is ${protocol === undefined ? 'not set' : 'neither tcp nor udp'}, so Falcosidekick did not start this output; imported with tcp`,
      );
    }
    const formatPath = ['syslog', 'format'];
    const format = s.text(formatPath)?.toLowerCase();
    // Falcosidekick sends JSON for anything but `cef`.
    config['format'] = format === 'cef' ? 'cef' : 'json';
    if (format !== undefined && format !== 'cef' && format !== 'json') {
      warnings.push(
        `${keyName(formatPath)} is neither json nor cef: imported as json, as Falcosidekick sent`,
      );
    }
    if (format === 'cef') {
      warnings.push(
        `${keyName(formatPath)} cef: Aerie escapes CEF values and uses dictionary keys (rt, dvchost, externalId, cs1–cs6, msg) instead of Falcosidekick's uuid, start, source, hostname, outputfields and tags`,
      );
    }
    return config;
  },
};
