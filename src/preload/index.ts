/**
 * The preload: one function per LabApi call, nothing generic (Electron's context-isolation guidance):
 * the renderer never sees ipcRenderer, and cannot name a channel of its own.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type LabCalls, type LabEventName, type MenuCommand } from '../shared/lab-api.ts';

const invoke = <K extends keyof LabCalls>(name: K) => (params: LabCalls[K]['params']) => ipcRenderer.invoke(IPC_CHANNELS.call(name), params);

contextBridge.exposeInMainWorld('lab', {
  getInfo: invoke('getInfo'),
  openWorkspace: invoke('openWorkspace'),
  listDatasets: invoke('listDatasets'),
  getDatasetItems: invoke('getDatasetItems'),
  deleteDataset: invoke('deleteDataset'),
  listRuns: invoke('listRuns'),
  resumeTraining: invoke('resumeTraining'),
  writeReport: invoke('writeReport'),
  deleteRun: invoke('deleteRun'),
  updateRunInfo: invoke('updateRunInfo'),
  exportRunArchive: invoke('exportRunArchive'),
  importRunArchive: invoke('importRunArchive'),
  listJobs: invoke('listJobs'),
  cancelJob: invoke('cancelJob'),
  listExperiments: invoke('listExperiments'),
  startExperiment: invoke('startExperiment'),
  listModels: invoke('listModels'),
  importModel: invoke('importModel'),
  experimentView: invoke('experimentView'),
  experimentJob: invoke('experimentJob'),
  listBatches: invoke('listBatches'),
  submitBatch: invoke('submitBatch'),
  batchStatus: invoke('batchStatus'),
  cancelBatch: invoke('cancelBatch'),
  resubmitBatch: invoke('resubmitBatch'),
  collectBatch: invoke('collectBatch'),
  on: (event: LabEventName, listener: (payload: unknown) => void) => {
    const handler = (_e: IpcRendererEvent, msg: { event: LabEventName; payload: unknown }) => msg.event === event && listener(msg.payload);
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
  },
  onMenu: (listener: (command: MenuCommand) => void) => {
    const handler = (_e: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(IPC_CHANNELS.menu, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.menu, handler);
  },
});
