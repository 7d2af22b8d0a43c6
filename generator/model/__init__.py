"""What a site and a campaign are: declared once, validated with human messages."""
