// Allocation module.
