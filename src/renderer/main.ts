/** The renderer's entry: picks the transport, mounts the app, and never leaves a blank page on error. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createDefaultClient, setClient } from './api/client.ts';
import { useAppStore } from './stores/app.ts';
import './styles.css';

function showFatal(message: string): void {
  const root = document.getElementById('app');
  if (root !== null) root.innerHTML = `<div style="padding:2em;font-family:sans-serif"><h2>Saliency Bias Lab could not start</h2><p></p></div>`;
  root?.querySelector('p')?.append(message);
}

try {
  setClient(createDefaultClient());
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);
  const report = (e: unknown) => useAppStore(pinia).report(e instanceof Error ? e.message : String(e));
  app.config.errorHandler = (e) => report(e);
  window.addEventListener('unhandledrejection', (e) => report(e.reason));
  app.mount('#app');
} catch (e) {
  showFatal(e instanceof Error ? e.message : String(e));
}
