/// <reference types="vite/client" />
import type { LabApi, MenuCommand } from '../shared/lab-api.ts';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present in Electron: the preload's one-function-per-call bridge. */
    lab?: LabApi & { onMenu(listener: (command: MenuCommand) => void): () => void };
  }
}
