/** Public surface of fs-safety: remote names are untrusted; local paths are ours. */
export {
  decodeRemoteName,
  isListableName,
  isWindowsReservedName,
  MAX_SEGMENT_BYTES,
  nameHazards,
  revealHidden,
  type DecodedName,
  type NameEncoding,
  type NameHazard,
} from './remote-name';
export { findCaseCollisions, resolveInside, resolveInsideReal } from './resolve-inside';
export { mapPortablePaths, portableSegment, MAX_PORTABLE_PATH, type PortableMapping } from './portable-name';
