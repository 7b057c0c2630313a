"""nianbao: Chinese government information-disclosure annual reports to checked data."""

__version__ = "0.1.0"
