// KIS module.
