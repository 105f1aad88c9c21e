/**
 * The Electron main process: one window on lab://app, the worker threads behind the LabService, the
 * security rules of Electron's checklist (context isolation, sandbox, no Node in the renderer, strict
 * CSP, navigation and new windows blocked, permissions denied, IPC sender checks).
 */
import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { LabService } from '../host/lab-service.ts';
import { defaultWorkspaceRoot } from '../host/workspace.ts';
import { APP_ORIGIN, registerIpc } from '../ipc/register-ipc.ts';
import { handleLabProtocol, registerLabScheme } from './lab-protocol.ts';
import { buildMenu } from './menu.ts';
import { IPC_CHANNELS } from '../../shared/lab-api.ts';
import { RecentWorkspaces } from '../host/recent-workspaces.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
registerLabScheme();

let window: BrowserWindow | null = null;
const service = new LabService(process.env.SBL_WORKSPACE ?? defaultWorkspaceRoot(), {
  backend: 'auto',
  mediaBase: 'lab://media',
  workerEntry: new URL('./worker.js', import.meta.url),
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
  Menu.setApplicationMenu(buildMenu(() => window, { recent: () => recent.list(), openWorkspace }));
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Saliency Bias Lab',
    show: false,
    webPreferences: {
      preload: here('../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  // New windows are refused; reports open in the system browser's place: our own sandboxed viewer.
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('lab://media/runs/')) {
      const viewer = new BrowserWindow({ width: 1100, height: 900, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
      void viewer.loadURL(url);
    } else if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  handleLabProtocol(here('../renderer'), () => service);
  registerIpc(service, () => window);
  Menu.setApplicationMenu(buildMenu(() => window, { recent: () => recent.list(), openWorkspace }));
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

app.on('window-all-closed', () => {
  void service.close().finally(() => app.quit());
});
