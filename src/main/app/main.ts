/**
 * The Electron main process: one window on lab://app, the worker threads behind the LabService, the
 * security rules of Electron's checklist (context isolation, sandbox, no Node in the renderer, strict
 * CSP, navigation and new windows blocked, permissions denied, IPC sender checks).
 */
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { LabService } from '../host/lab-service.ts';
import { defaultWorkspaceRoot } from '../host/workspace.ts';
import { APP_ORIGIN, registerIpc } from '../ipc/register-ipc.ts';
import { handleLabProtocol, registerLabScheme } from './lab-protocol.ts';
import { buildMenu } from './menu.ts';
import { electronPdfPrinter } from './electron-pdf-printer.ts';
import { IPC_CHANNELS } from '../../shared/lab-api.ts';
import { RecentWorkspaces } from '../host/recent-workspaces.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
registerLabScheme();

let window: BrowserWindow | null = null;
const service = new LabService(process.env.SBL_WORKSPACE ?? defaultWorkspaceRoot(), {
  backend: 'auto',
  mediaBase: 'lab://media',
  workerEntry: new URL('./worker.js', import.meta.url),
  printPdf: electronPdfPrinter,
});
const recent = new RecentWorkspaces();

async function openWorkspace(path?: string): Promise<void> {
  let target = path;
  if (target === undefined && window !== null) {
    const r = await dialog.showOpenDialog(window, { title: 'Open Workspace', properties: ['openDirectory', 'createDirectory'] });
    if (r.canceled || r.filePaths.length === 0) return;
    target = r.filePaths[0];
  }
  if (target === undefined) return;
  const result = await service.call('openWorkspace', { path: target });
  if (!result.ok) dialog.showErrorBox('Cannot open workspace', result.error.message);
  else window?.webContents.send(IPC_CHANNELS.menu, 'workspace-changed');
  const recentList = await recent.list();
  Menu.setApplicationMenu(buildMenu(() => window, { recent: () => recentList, openWorkspace }));
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Saliency Bias Lab',
    show: false,
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD_JS_CHECK, issue 7): the preload is src/preload/index.ts, the
      // typed bridge with one function per LabApi call; it exposes neither ipcRenderer nor any Node API,
      // runs sandboxed with context isolation, and main checks the sender of every call (ipc/).
      preload: here('../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click (auxclick) must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  // New windows are refused; reports and batch aggregates open in the system browser's place: our own sandboxed viewer.
  // Nothing is handed to shell.openExternal: no page of the lab links outside (Electronegativity
  // OPEN_EXTERNAL_JS_CHECK, issue 7), so a URL from the renderer can never reach the OS's handlers.
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('lab://media/runs/') || url.startsWith('lab://media/batches/')) {
      const viewer = new BrowserWindow({ width: 1100, height: 900, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' } });
      void viewer.loadURL(url);
    }
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

// Every web contents (the main window, report viewers): no webviews, no new windows, no navigation away
// from the lab. The main window then installs its own window-open handler for reports.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
});

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  handleLabProtocol(here('../renderer'), () => service);
  registerIpc(service, () => window);
  const recentList = await recent.list();
  Menu.setApplicationMenu(buildMenu(() => window, { recent: () => recentList, openWorkspace }));
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

app.on('window-all-closed', () => {
  void service.close().finally(() => app.quit());
});
