// The probe functions that stand in for an API the workload itself calls. Shared by the probe, which
// names its wrappers so, and the hotspots, which recognise the wrappers' frames by those names. A module
// of its own so that the probe bundle does not pull in the attribution code, nor the other way round.
//
// Why the names matter: structured clone serialises a message in native code inside the original
// postMessage, and V8 charges those samples to the JavaScript frame that called it, the probe's wrapper.
// Counted as probe overhead, seconds of copying vanished from the function that posted (issue 12).

/**
 * V8 names a frame after the function's own name, fixed at parse time (not a later `name` property). A
 * method's name is its property key, which minifiers keep, so each wrapper is a method with the API's name.
 */
export const PROBE_WRAPPER_NAMES: ReadonlySet<string> = new Set(['postMessage']);
