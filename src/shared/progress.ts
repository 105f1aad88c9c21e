/** How far a worker job (or a host stage) has got: `done` of `total` in the named stage. */
export interface ProgressEvent {
  type: 'progress';
  done: number;
  total: number;
  stage: string;
}
