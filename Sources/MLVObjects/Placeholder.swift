import MLVStorage
