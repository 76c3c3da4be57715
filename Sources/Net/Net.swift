// Net module.
