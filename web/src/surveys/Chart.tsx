/** The surveys' charts are the app's chart (web/src/components/Chart.tsx). */
export { Chart } from '../components/Chart';
