import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { signalUnauthenticated } from './api';
import type { paths } from './api/schema';

/** One message of GET /api/v1/events as the OpenAPI document describes it (`{ event, data }`). */
type StreamMessage = paths['/api/v1/events']['get']['responses'][200]['content']['text/event-stream'];
type DataOf<E extends StreamMessage['event']> = Extract<StreamMessage, { event: E }>['data'];

export type ArrivalEvent = DataOf<'arrival'>;
export type StatusChangeEvent = DataOf<'status'>;
export type IncidentEvent = DataOf<'incident'>;

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Follows GET /api/v1/events while signed in: refreshes the lists and the open document when
 * something arrives or changes, and tells the caller so it can show a notice.
 */
export function useLiveEvents(enabled: boolean, handlers: { onArrival?(e: ArrivalEvent): void; onStatus?(e: StatusChangeEvent): void; onIncident?(e: IncidentEvent): void }): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const { onArrival, onStatus, onIncident } = handlers;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/v1/events', { withCredentials: true });
    let wasLive = false;
    es.addEventListener('ready', () => {
      setState('live');
      // After a reconnection, whatever happened meanwhile was not announced: refresh.
      if (wasLive) void qc.invalidateQueries();
      wasLive = true;
    });
    es.addEventListener('arrival', (m) => {
      const e = JSON.parse((m as MessageEvent).data) as ArrivalEvent;
      void qc.invalidateQueries({ queryKey: ['inbox'] });
      void qc.invalidateQueries({ queryKey: ['work'] });
      onArrival?.(e);
    });
    es.addEventListener('status', (m) => {
      const e = JSON.parse((m as MessageEvent).data) as StatusChangeEvent;
      void qc.invalidateQueries({ queryKey: ['document', e.documentId] });
      void qc.invalidateQueries({ queryKey: ['trail', e.documentId] });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
      void qc.invalidateQueries({ queryKey: ['work'] });
      void qc.invalidateQueries({ queryKey: ['outbox'] });
      onStatus?.(e);
    });
    // A security incident reported (sent only to whom need to know admits).
    es.addEventListener('incident', (m) => {
      const e = JSON.parse((m as MessageEvent).data) as IncidentEvent;
      void qc.invalidateQueries({ queryKey: ['security-incidents'] });
      onIncident?.(e);
    });
    // A draft under approval moved on (submitted to me, returned, signed for the clerks).
    es.addEventListener('draft-step', (m) => {
      const e = JSON.parse((m as MessageEvent).data) as { documentId: number };
      void qc.invalidateQueries({ queryKey: ['drafts'] });
      void qc.invalidateQueries({ queryKey: ['draft', e.documentId] });
    });
    // The verification of a received document changed (its revocation checked after arrival).
    es.addEventListener('signature-check', (m) => {
      const e = JSON.parse((m as MessageEvent).data) as DataOf<'signature-check'>;
      void qc.invalidateQueries({ queryKey: ['signatures', e.documentId] });
      void qc.invalidateQueries({ queryKey: ['trail', e.documentId] });
    });
    es.addEventListener('signed-out', () => {
      es.close();
      signalUnauthenticated();
    });
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => es.close();
  }, [enabled, qc, onArrival, onStatus, onIncident]);

  return enabled ? state : 'offline';
}
