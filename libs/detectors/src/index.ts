export * from './derive/boundary.js';
export * from './derive/fingerprint.js';
export * from './derive/kubernetes.js';
export * from './falco/falco.parser.js';
export * from './json/lossless-json.js';
export * from './falco/api-fields.js';
