"""Documents and datasets: adding documents, imports (plain and with annotations), exports."""
