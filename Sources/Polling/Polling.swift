// Polling module.
