int cli_progress_dummy;
