/** The API data of the monitoring screens: the generated OpenAPI types (src/modules/monitoring/routes.ts). */
import type { Json } from '../api/client';

export type Periods = Json<'/api/v1/monitoring/periods', 'get'>;
export type Dashboard = Json<'/api/v1/monitoring/dashboard', 'get'>;
export type KeyFigure = Dashboard['keyFigures'][number];
export type RankRow = Dashboard['ranking'][number];
export type Report = Json<'/api/v1/monitoring/reports/{month}/{orgId}', 'get'>;
export type ReportIndicator = Report['indicators'][number];
export type ReportStatus = Report['status'];
export type Band = NonNullable<Report['band']>;
export type Drill = Json<'/api/v1/monitoring/drill/{month}/{orgId}/{code}', 'get'>;
export type DrillRecord = Drill['records'][number];
export type Consolidation = Json<'/api/v1/monitoring/consolidation/{month}', 'get'>;
export type Settings = Json<'/api/v1/monitoring/settings', 'get'>;
