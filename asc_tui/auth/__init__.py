"""Where the API key comes from and how a connection is opened: profiles, settings
(no secrets), the OS keyring, the environment, .p8 validation, the demo."""
