/** API data of the drafting screens (/api/v1/drafts), from the generated OpenAPI types. */
import type { Json } from '../api/client';

export type Draft = Json<'/api/v1/drafts/{id}', 'get'>;
export type DraftStage = Draft['stage'];
export type DraftAction = Draft['steps'][number]['action'];
export type DraftVersion = Draft['versions'][number];
export type DraftListItem = Json<'/api/v1/drafts', 'get'>['items'][number];
