// IPC module.
