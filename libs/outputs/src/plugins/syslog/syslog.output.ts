import type { SocketOutputPlugin } from '../../output.js';
import { SyslogConfigSchema, type SyslogConfig } from './syslog.config.js';
import { renderSyslog, syslogTarget } from './syslog.render.js';

/** Syslog over UDP, TCP or TLS: RFC 5424 with structured data, JSON, CEF or LEEF messages. */
export const syslogOutput: SocketOutputPlugin<SyslogConfig> = {
  type: 'syslog',
  title: 'Syslog',
  description:
    'Syslog messages over UDP, TCP or TLS (RFC 5424 with structured data, JSON, CEF or LEEF) for rsyslog, syslog-ng and SIEMs such as Wazuh, ArcSight and QRadar.',
  transport: 'socket',
  configSchema: SyslogConfigSchema,
  // TLS material lives in the delivery settings; nothing here is a secret.
  secretFields: [],
  // One write per batch on a persistent connection.
  maxBatch: 100,
  target: syslogTarget,
  render: renderSyslog,
};
