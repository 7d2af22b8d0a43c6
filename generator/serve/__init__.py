"""`pledgekit serve`: build, serve on localhost, rebuild on save, reload the open tabs."""
