// SignalEngine module.
