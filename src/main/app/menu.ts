/** The native menu: File (Open Workspace, Open Recent, Export figure), View (every view), Help. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IPC_CHANNELS, type MenuCommand } from '../../shared/lab-api.ts';

export function buildMenu(window: () => BrowserWindow | null, opts: { recent: () => string[]; openWorkspace: (path?: string) => void }): Menu {
  const send = (c: MenuCommand) => window()?.webContents.send(IPC_CHANNELS.menu, c);
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => opts.openWorkspace() },
        { label: 'Open Recent', submenu: opts.recent().map((p) => ({ label: p, click: () => opts.openWorkspace(p) })) },
        { type: 'separator' },
        { label: 'Export Figure as PNG', accelerator: 'CmdOrCtrl+Shift+E', click: () => send('export-png') },
        { label: 'Export Figure as SVG', click: () => send('export-svg') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Datasets', accelerator: 'CmdOrCtrl+1', click: () => send('show-datasets') },
        { label: 'Training', accelerator: 'CmdOrCtrl+2', click: () => send('show-training') },
        { label: 'Saliency', accelerator: 'CmdOrCtrl+3', click: () => send('show-saliency') },
        { label: 'Runs', accelerator: 'CmdOrCtrl+4', click: () => send('show-runs') },
        // The same keys and order as the window's tabs (src/renderer/tab-hash.ts TABS).
        { label: 'Experiments', accelerator: 'CmdOrCtrl+5', click: () => send('show-experiments') },
        { label: 'VAE concept', accelerator: 'CmdOrCtrl+6', click: () => send('show-vae') },
        { label: 'Zero point (ResNet50, sweep, models)', accelerator: 'CmdOrCtrl+7', click: () => send('show-resnet50') },
        { label: 'Analyses of a run', accelerator: 'CmdOrCtrl+8', click: () => send('show-analyses') },
        { label: 'Batches (seeds × grid)', accelerator: 'CmdOrCtrl+9', click: () => send('show-batches') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ label: 'Saliency Bias Lab — input bias in saliency maps', enabled: false }] },
  ];
  return Menu.buildFromTemplate(template);
}
