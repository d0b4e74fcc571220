// How numbers read on the page: the same formats the terminal uses (core/format.ts).
export { formatBytes, formatMs, pythonBool, scientific, withSeparators } from '../../core/format';
