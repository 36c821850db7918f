"""Custom Streamlit components of Activation Lab."""
