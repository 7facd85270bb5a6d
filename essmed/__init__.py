"""essmed: the platform of Mediterranean regions' cooperation on the social and solidarity economy."""
