/** What /api/v1/tasks and /api/v1/indicators answer, from the generated OpenAPI types (src/modules/tasks/routes.ts). */
import type { Json } from '../api/client';

export type TaskPage = Json<'/api/v1/tasks', 'get'>;
export type Task = TaskPage['items'][number];
export type TaskStatus = Task['status'];
export type Recurrence = Task['recurrence'];
export type Priority = Task['priority'];
export type TaskDetail = Json<'/api/v1/tasks/{id}', 'get'>;
export type TaskEvent = TaskDetail['events'][number];

export type Indicator = Json<'/api/v1/indicators/{id}', 'get'>;
export type ScoreStep = Indicator['steps'][number];
