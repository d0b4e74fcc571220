// The comparison charts drawn with recharts, as one chunk the page loads on demand
// (lazyCharts.tsx): recharts and what it brings (redux, immer, d3 scales) stay out of the
// page's entry chunk.
export { CostChart } from './CostChart';
export { ErrorChart } from './ErrorChart';
export { GradientScatterChart } from './GradientScatterChart';
export { NormChart } from './NormChart';
